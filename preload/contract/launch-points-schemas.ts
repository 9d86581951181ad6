import { z } from 'zod';

// The launch-point list on the wire, with zod alone: this part of the contract does not lean
// on main's schemas. The store checks the merged settings once more with its own.

/** A name or a place: never empty, as the store requires. */
const PatternSchema = z.string().min(1);

/** A change to the list: only the fields that change, and no field the list does not have. */
export const LaunchPointsPatchSchema = z.strictObject({
  enabled: z.boolean().optional(),
  patterns: z.array(PatternSchema).optional(),
  nestedPatterns: z.array(PatternSchema).optional(),
});

/** The kinds of file the default list covers, as a person would say them: "shell start-up files". */
export const LaunchPointFamiliesSchema = z.array(z.string().min(1));
