/**
 * The options commander hands to a command's action. Commander parses them at run time from each command's own
 * `.option()` declarations and gives them no static type, so each action reads its own keys from this record. This is
 * the one place the CLI accepts `any`; the answers it prints are typed from the server's schemas (update-server/src/api).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandOptions = Record<string, any>;
