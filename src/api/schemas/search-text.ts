// ?q= of a list: what it matches is the list's to say (its description); its bounds are the same everywhere.
import { z } from 'zod';

export const searchText = (matches: string) =>
  z.string().trim().min(1, 'q must not be empty').max(100, 'q is at most 100 characters').meta({ description: matches });
