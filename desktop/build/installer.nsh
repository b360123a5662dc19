; Seri POS: the installer's steps for shop IT (#7), included by electron-builder (nsis.include).
;
; Provisioning at install time (all optional; quote values with spaces):
;   Seri-POS-Setup-1.2.0.exe /S /allusers /SERVER_URL=https://pos.boutique.example
;     /ENROLLMENT_CODE=PLATEAU-01 /TERMINAL_NAME="Caisse 1" /PRINTER="EPSON TM-T20III"
;     /UPDATE_CHANNEL=latest /UPDATE_URL=https://updates.boutique.example/seri-pos/ /AUTO_UPDATE=false
; When any of them is given, %ProgramData%\Seri POS\provisioning.json is written (replaced)
; with exactly those settings; without them an existing file is left as it is. The app reads
; it at its next start and checks every value (desktop/src/main/provisioning/).
; The folder is made writable by SYSTEM and Administrators only: the file says where updates
; come from, so a cashier's account must not be able to change it.
;
; Uninstall keeps every user's data. `"Uninstall Seri POS.exe" /S --delete-app-data` also
; removes each user's %APPDATA%\Seri POS (sales not yet synced included) and the provisioning
; file. An update (which runs the old uninstaller with --updated) never removes anything.

!include FileFunc.nsh
!include LogicLib.nsh

!ifndef BUILD_UNINSTALLER

; Escapes the string on top of the stack for a JSON string literal (backslash, quote;
; control characters dropped) and leaves the result there.
Function SeriJsonEscape
  Exch $0
  Push $1
  Push $2
  Push $3
  StrCpy $1 ""
  StrCpy $2 0
  loop:
    StrCpy $3 $0 1 $2
    StrCmp $3 "" done
    IntOp $2 $2 + 1
    StrCmp $3 '"' 0 +3
      StrCpy $1 '$1\"'
      Goto loop
    StrCmp $3 "\" 0 +3
      StrCpy $1 '$1\\'
      Goto loop
    StrCmp $3 "$\r" loop
    StrCmp $3 "$\n" loop
    StrCmp $3 "$\t" loop
    StrCpy $1 "$1$3"
    Goto loop
  done:
  StrCpy $0 $1
  Pop $3
  Pop $2
  Pop $1
  Exch $0
FunctionEnd

; Finds OPTION (e.g. "/SERVER_URL=") in the command line and leaves "1<value>" on the stack,
; or "0" when it is absent. Unlike FileFunc's GetOptions, a value may contain "/" and "-"
; (URLs, codes): it runs to the next space, or to the closing quote for `/OPTION="a b"` and
; for a whole argument in quotes, `"/OPTION=a b"` (how cmd, PowerShell and SCCM pass it).
; Option names match case-insensitively, like NSIS's own switches.
Function SeriGetOption
  Exch $0
  Exch
  Exch $1
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  Push $7
  StrLen $2 $0
  StrLen $6 $1
  StrCpy $3 0
  search:
    IntCmp $3 $6 absent 0 absent
    StrCpy $4 $1 $2 $3
    StrCmp $4 $0 0 next
    StrCpy $7 ""
    IntCmp $3 0 found
    IntOp $4 $3 - 1
    StrCpy $7 $1 1 $4
    StrCmp $7 " " found
    StrCmp $7 '"' found
    Goto next
  found:
    IntOp $3 $3 + $2
    StrCpy $5 " "
    StrCmp $7 '"' quoted
    StrCpy $4 $1 1 $3
    StrCmp $4 '"' 0 scan
    IntOp $3 $3 + 1
  quoted:
    StrCpy $5 '"'
  scan:
    StrCpy $4 $3
  scanLoop:
    StrCpy $7 $1 1 $4
    StrCmp $7 "" scanned
    StrCmp $7 $5 scanned
    IntOp $4 $4 + 1
    Goto scanLoop
  scanned:
    IntOp $4 $4 - $3
    StrCpy $0 $1 $4 $3
    StrCpy $0 "1$0"
    Goto return
  next:
    IntOp $3 $3 + 1
    Goto search
  absent:
    StrCpy $0 "0"
  return:
  Pop $7
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Exch $0
FunctionEnd

; Appends `"KEY": "value"` (or a bare true/false when AS is "bool") to $R9 if OPTION is on
; the command line ($R0).
!macro SeriProvisioningOption OPTION KEY AS
  Push $R0
  Push "${OPTION}"
  Call SeriGetOption
  Pop $R1
  StrCpy $R2 $R1 1
  ${If} $R2 == "1"
    StrCpy $R1 $R1 "" 1
    ${If} $R9 != ""
      StrCpy $R9 "$R9,$\r$\n"
    ${EndIf}
    ${If} "${AS}" == "bool"
      ${If} $R1 == "false"
      ${OrIf} $R1 == "0"
        StrCpy $R9 '$R9  "${KEY}": false'
      ${Else}
        StrCpy $R9 '$R9  "${KEY}": true'
      ${EndIf}
    ${Else}
      Push $R1
      Call SeriJsonEscape
      Pop $R1
      StrCpy $R9 '$R9  "${KEY}": "$R1"'
    ${EndIf}
  ${EndIf}
!macroend

Function SeriWriteProvisioning
  Push $R0
  Push $R1
  Push $R2
  Push $R8
  Push $R9
  ${GetParameters} $R0
  StrCpy $R9 ""
  !insertmacro SeriProvisioningOption "/SERVER_URL=" "serverUrl" "text"
  !insertmacro SeriProvisioningOption "/ENROLLMENT_CODE=" "enrollmentCode" "text"
  !insertmacro SeriProvisioningOption "/TERMINAL_NAME=" "terminalName" "text"
  !insertmacro SeriProvisioningOption "/PRINTER=" "printer" "text"
  !insertmacro SeriProvisioningOption "/UPDATE_CHANNEL=" "updateChannel" "text"
  !insertmacro SeriProvisioningOption "/UPDATE_URL=" "updateUrl" "text"
  !insertmacro SeriProvisioningOption "/AUTO_UPDATE=" "autoUpdate" "bool"
  ${If} $R9 != ""
    ReadEnvStr $R8 "ProgramData"
    ${If} $R8 == ""
      StrCpy $R8 "C:\ProgramData"
    ${EndIf}
    CreateDirectory "$R8\Seri POS"
    ; SYSTEM and Administrators write, Users only read (well-known SIDs: any Windows language).
    nsExec::Exec '"$SYSDIR\icacls.exe" "$R8\Seri POS" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
    Pop $R1
    ClearErrors
    FileOpen $R1 "$R8\Seri POS\provisioning.json" w
    ${IfNot} ${Errors}
      ; UTF-16 LE with its BOM: plain FileWrite would use the ANSI code page and garble "Thiès".
      FileWriteWord $R1 0xFEFF
      FileWriteUTF16LE $R1 "{$\r$\n$R9$\r$\n}$\r$\n"
      FileClose $R1
      DetailPrint "Seri POS: provisioning written to $R8\Seri POS\provisioning.json"
    ${Else}
      DetailPrint "Seri POS: could not write $R8\Seri POS\provisioning.json"
    ${EndIf}
  ${EndIf}
  Pop $R9
  Pop $R8
  Pop $R2
  Pop $R1
  Pop $R0
FunctionEnd

!macro customInstall
  Call SeriWriteProvisioning
!macroend

!else

; Every user's Electron data folder (userData: the queue, IndexedDB, the encrypted token)
; and the machine-wide provisioning, only when IT asked for it and never during an update.
Function un.SeriDeleteAllData
  Push $R0
  Push $R1
  Push $R2
  Push $R3
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "--delete-app-data" $R1
  ${If} ${Errors}
    Goto keep
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "--updated" $R1
  ${IfNot} ${Errors}
    Goto keep
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/KEEP_APP_DATA" $R1
  ${IfNot} ${Errors}
    Goto keep
  ${EndIf}

  StrCpy $R2 0
  profiles:
    ClearErrors
    EnumRegKey $R1 HKLM "SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList" $R2
    ${If} ${Errors}
    ${OrIf} $R1 == ""
      Goto profilesDone
    ${EndIf}
    IntOp $R2 $R2 + 1
    ReadRegStr $R3 HKLM "SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$R1" "ProfileImagePath"
    ${If} $R3 == ""
      Goto profiles
    ${EndIf}
    ExpandEnvStrings $R3 $R3
    ${If} ${FileExists} "$R3\AppData\Roaming\Seri POS\*.*"
      RMDir /r "$R3\AppData\Roaming\Seri POS"
      DetailPrint "Seri POS: removed $R3\AppData\Roaming\Seri POS"
    ${EndIf}
    Goto profiles
  profilesDone:

  ReadEnvStr $R3 "ProgramData"
  ${If} $R3 == ""
    StrCpy $R3 "C:\ProgramData"
  ${EndIf}
  Delete "$R3\Seri POS\provisioning.json"
  RMDir "$R3\Seri POS"

  keep:
  Pop $R3
  Pop $R2
  Pop $R1
  Pop $R0
FunctionEnd

!macro customUnInstall
  Call un.SeriDeleteAllData
!macroend

!endif
