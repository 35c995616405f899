import { z } from 'zod';
import { clockTime } from './common.js';

/** Same-day class bookings at the desk (docs/domain.md#same-day-bookings): classes with `seats` are bookable. */
export const bookingsSchema = z
  .object({
    opensAt: clockTime.default('16:00').describe('local time from which the day\'s classes can be booked (same day only)'),
  })
  .strict()
  .prefault({});

export type BookingsConfig = z.infer<typeof bookingsSchema>;
