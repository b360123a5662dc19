import fc from 'fast-check';
import { mergeProvisioning, parseProvisioningArgs, parseProvisioningObject } from './provisioning-settings';

const FILE = '/etc/seri-pos/provisioning.json';

describe('provisioning settings (strict parser)', () => {
  it('reads every setting of a well-formed file, trimmed and normalized', () => {
    const parsed = parseProvisioningObject(
      {
        serverUrl: ' https://pos.boutique.example/seri/ ',
        enrollmentCode: 'PLATEAU-01',
        terminalName: '  Caisse 2 ',
        printer: 'EPSON TM-T20III',
        updateChannel: 'Beta',
        updateUrl: 'https://updates.boutique.example/seri-pos/?utm=1#x',
        autoUpdate: false,
      },
      FILE,
    );
    expect(parsed).toEqual({
      settings: {
        serverUrl: 'https://pos.boutique.example/seri',
        enrollmentCode: 'PLATEAU-01',
        terminalName: 'Caisse 2',
        printer: 'EPSON TM-T20III',
        updateChannel: 'beta',
        updateUrl: 'https://updates.boutique.example/seri-pos/',
        autoUpdate: false,
      },
      problems: [],
    });
  });

  it('ignores each bad value on its own, says why, and keeps the good ones', () => {
    const parsed = parseProvisioningObject(
      {
        serverUrl: 'ftp://pos.example',
        enrollmentCode: 'AB',
        terminalName: 'Caisse\u0007',
        printer: 42,
        updateChannel: '../../etc/passwd',
        updateUrl: 'http://updates.example/seri',
        autoUpdate: 'sometimes',
      },
      FILE,
    );
    expect(parsed.settings).toEqual({});
    expect(parsed.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      "serverUrl: L'adresse du serveur doit commencer par http:// ou https://; ignored",
      'enrollmentCode: must be 4 to 64 characters long; ignored',
      'terminalName: must not contain control characters; ignored',
      'printer: must be a string; ignored',
      'updateChannel: must be a lowercase word such as latest or beta (letters, digits, -); ignored',
      'updateUrl: must be an https:// URL; ignored',
      'autoUpdate: must be true or false; ignored',
    ]);
    expect(parsed.problems.every((p) => p.source === FILE)).toBe(true);

    const mixed = parseProvisioningObject({ serverUrl: 'https://pos.example', printer: '' }, FILE);
    expect(mixed.settings).toEqual({ serverUrl: 'https://pos.example' });
    expect(mixed.problems).toHaveLength(1);
  });

  it('refuses credentials in URLs and plain-HTTP update feeds except on loopback', () => {
    expect(parseProvisioningObject({ serverUrl: 'https://it:secret@pos.example' }, FILE).settings).toEqual({});
    expect(parseProvisioningObject({ updateUrl: 'https://it:secret@updates.example/' }, FILE).settings).toEqual({});
    expect(parseProvisioningObject({ updateUrl: 'http://127.0.0.1:8080/feed' }, FILE).settings).toEqual({ updateUrl: 'http://127.0.0.1:8080/feed' });
    // The shop's own server may be plain HTTP on its LAN, as on the enroll screen.
    expect(parseProvisioningObject({ serverUrl: 'http://192.0.2.10:3000' }, FILE).settings).toEqual({ serverUrl: 'http://192.0.2.10:3000' });
  });

  it('reports unknown keys (typos) but takes _ and $ keys as comments', () => {
    const parsed = parseProvisioningObject({ $schema: './x.json', _comment: 'Boutique Plateau', serverURL: 'https://pos.example' }, FILE);
    expect(parsed.settings).toEqual({});
    expect(parsed.problems).toEqual([{ source: FILE, key: 'serverURL', message: 'unknown setting, ignored' }]);
  });

  it('refuses anything but one JSON object', () => {
    for (const plain of [null, [], 'https://pos.example', 3]) {
      expect(parseProvisioningObject(plain, FILE)).toEqual({ settings: {}, problems: [{ source: FILE, key: '(file)', message: 'must hold one JSON object; ignored' }] });
    }
  });

  it('never throws, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (plain) => {
        const parsed = parseProvisioningObject(plain, FILE);
        expect(Array.isArray(parsed.problems)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('serverUrl', 'enrollmentCode', 'terminalName', 'printer', 'updateChannel', 'updateUrl', 'autoUpdate'), fc.anything()), (plain) => {
        const { settings, problems } = parseProvisioningObject(plain, FILE);
        expect(Object.keys(settings).length + problems.length).toBe(Object.keys(plain).length);
      }),
    );
  });
});

describe('provisioning from the command line', () => {
  it('reads the documented switches and lets every other switch pass', () => {
    const parsed = parseProvisioningArgs([
      '/opt/Seri POS/seri-pos',
      '--server-url=https://pos.example',
      '--enrollment-code=PLATEAU-01',
      '--terminal-name=Caisse 3',
      '--printer=\\\\srv\\TM-T20',
      '--update-channel=beta',
      '--no-sandbox',
      '--inspect=0',
      '--remote-debugging-port=0',
      'positional',
    ]);
    expect(parsed).toEqual({
      settings: {
        serverUrl: 'https://pos.example',
        enrollmentCode: 'PLATEAU-01',
        terminalName: 'Caisse 3',
        printer: '\\\\srv\\TM-T20',
        updateChannel: 'beta',
      },
      problems: [],
    });
  });

  it('names the switch in its problems', () => {
    expect(parseProvisioningArgs(['--server-url=nope']).problems).toEqual([{ source: 'command line', key: '--server-url', message: 'Adresse du serveur invalide; ignored' }]);
  });

  it('leaves where updates come from to the machine-wide file (any user can pass switches)', () => {
    const parsed = parseProvisioningArgs(['--update-url=https://evil.example/feed', '--auto-update=false']);
    expect(parsed.settings).toEqual({});
    expect(parsed.problems.map((p) => p.key)).toEqual(['--update-url', '--auto-update']);
  });

  it('the command line wins over the file, field by field, and problems add up', () => {
    const file = parseProvisioningObject({ serverUrl: 'https://a.example', printer: 'EPSON', updateChannel: 'latest', autoUpdate: 'x' }, FILE);
    const args = parseProvisioningArgs(['--server-url=https://b.example', '--update-channel=beta']);
    expect(mergeProvisioning(file, args)).toEqual({
      settings: { serverUrl: 'https://b.example', printer: 'EPSON', updateChannel: 'beta' },
      problems: [{ source: FILE, key: 'autoUpdate', message: 'must be true or false; ignored' }],
    });
  });
});
