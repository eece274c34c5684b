import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration from src/store/schema; constraints drizzle cannot
// express (exclusion constraints) go into custom migrations: `npx drizzle-kit generate --custom`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema/index.ts',
  out: './src/store/migrations',
});
