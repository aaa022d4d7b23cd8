// Test-app defaults only: a real app takes every secret from its environment.
module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'test-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'test-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'test-transfer-token-salt') } },
  // The plugin encrypts BigCommerce secrets at rest with this key (Strapi's admin encryption service).
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'test-encryption-key-please-change') },
  flags: { nps: false, promoteEE: false },
  // Only when a test sets HOST_PREVIEW_URL: the host app's own Preview, which the plugin keeps for every other type.
  ...(env('HOST_PREVIEW_URL')
    ? {
        preview: {
          enabled: true,
          config: { allowedOrigins: [env('HOST_PREVIEW_URL')], handler: (uid, { documentId }) => `${env('HOST_PREVIEW_URL')}/${uid}/${documentId}` },
        },
      }
    : {}),
});
