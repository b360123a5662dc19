/** Same bounds as the shared DTOs (MAX_QUANTITY), kept here so the renderer bundle does not load class-validator. */
export const MAX_QUANTITY_PER_MOVEMENT = 1_000_000;
