import { z } from 'zod';

/** The values a number setting may take, so the window can say so before it saves. */
export const SettingRangeSchema = z.object({
  min: z.number(),
  max: z.number(),
  /** Whole numbers only. */
  integer: z.boolean(),
});
export type SettingRange = z.infer<typeof SettingRangeSchema>;
