/**
 * JSON as the bot, a fake or a fixture gave it (cards, activities, tokens, manifests), for tests to
 * poke into; the assertion beside each read is the check. `any` on purpose, and kept to test/support
 * (eslint.config.js allows `any` only there), so that a test file says `Json` where it means it.
 */
export type Json = any;
