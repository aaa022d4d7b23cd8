const path = require('path');

module.exports = ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: env('DATABASE_URL')
          ? { connectionString: env('DATABASE_URL') }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'strapi'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              schema: env('DATABASE_SCHEMA', 'public'),
              ssl: env.bool('DATABASE_SSL', false),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      // resolve, not join: tests pass an absolute temporary path.
      connection: { filename: path.resolve(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
      useNullAsDefault: true,
      // The README's recommended SQLite setting: a 64 MB page cache keeps the product table in memory,
      // which is what text search (a scan) needs.
      pool: {
        afterCreate: (conn, done) => {
          conn.pragma('cache_size = -65536');
          // Opt-in (the suites run on SQLite's defaults): a commit without the rollback journal's fsyncs,
          // which the sign-in throttle's two writes pay on every sign-in (README, Throttles).
          if (env.bool('DATABASE_SQLITE_WAL', false)) {
            conn.pragma('journal_mode = WAL');
            conn.pragma('synchronous = NORMAL');
          }
          done(null, conn);
        },
      },
    },
  };
};
