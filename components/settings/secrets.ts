/**
 * Every credential the stack uses. Each is a top-level Pulumi config key that must be set with
 * `pulumi config set --secret`. Values never enter StackSettings: settings only record which are present,
 * and platforms deliver the values as secret files.
 */
export const SECRET_KEYS = {
  grafanaAdminPassword: "Grafana admin password; generated with @pulumi/random when unset",
} as const;

export type SecretKey = keyof typeof SECRET_KEYS;

export function isSecretKey(key: string): key is SecretKey {
  return Object.hasOwn(SECRET_KEYS, key);
}
