import { hash, verify } from '@node-rs/argon2'

/** argon2id with the library's defaults (m=19 MiB, t=2): OWASP's baseline, ~19 ms here. */
export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

let dummy: Promise<string> | undefined
/** Spend the same time on an unknown login as on a wrong password, so logins cannot be probed. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hash('not-a-real-password')
  await verifyPassword(await dummy, password)
}
