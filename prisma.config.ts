import { defineConfig } from 'prisma/config';

// The CLI is only used for `prisma generate` here: migrations are applied by
// scripts/migrate.ts (see prisma/README.md). The URL is read lazily so generate works
// without a database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/guiyan' },
});
