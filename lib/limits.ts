/** Field lengths the server accepts, shared with the forms' maxLength so the browser refuses the same. */
export const FIELD_LIMITS = { name: 80, email: 254, password: 128 } as const;
