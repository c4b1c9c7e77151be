/**
 * Input a function cannot work on: not a ResourceList, or a resource it would have to
 * damage to edit. Reported as one clear line (stderr or an error result), never a stack trace.
 */
export class InputError extends Error {}
