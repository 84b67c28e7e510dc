//! The shared space's key: a passphrase of random Dutch words (what members pass on), the key
//! Argon2id derives from it with the space's salt, and sealing and opening files with
//! XChaCha20-Poly1305. No cryptography of our own: RustCrypto's crates do all of it.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::error::{Error, Result};
use crate::words::WORDS;

/// Words in a new passphrase: 12 × 8 bits = 96 bits of randomness, far beyond guessing even
/// before Argon2's cost.
pub const PASSPHRASE_WORDS: usize = 12;

const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Argon2id's cost, kept in the space's header so a later version can raise it for new spaces
/// while still opening old ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl Cost {
    /// OWASP's recommended minimum for Argon2id (19 MiB, two passes): a fraction of a second on
    /// a member's laptop, once per start.
    pub const DEFAULT: Cost = Cost {
        memory_kib: 19 * 1024,
        iterations: 2,
        lanes: 1,
    };

    /// The smallest cost Argon2 allows: only for tests, which derive keys by the hundred.
    pub const TEST: Cost = Cost {
        memory_kib: 8,
        iterations: 1,
        lanes: 1,
    };
}

/// A new passphrase from the system's random source.
pub fn new_passphrase() -> Result<String> {
    let mut bytes = [0u8; PASSPHRASE_WORDS];
    random(&mut bytes)?;
    Ok(bytes
        .iter()
        .map(|b| WORDS[*b as usize])
        .collect::<Vec<_>>()
        .join(" "))
}

/// The passphrase as typed or pasted, in its one canonical form: lower case, single spaces.
/// A word that is not in the list is named, so a typo is found at once.
pub fn normalize_passphrase(typed: &str) -> Result<String> {
    let words: Vec<String> = typed
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if let Some(unknown) = words.iter().find(|w| !WORDS.contains(&w.as_str())) {
        return Err(Error::Passphrase(format!(
            "Het woord ‘{unknown}’ komt in geen wachtwoordzin van Advieswerk voor. Controleer de spelling."
        )));
    }
    if words.len() != PASSPHRASE_WORDS {
        return Err(Error::Passphrase(format!(
            "Een wachtwoordzin heeft {PASSPHRASE_WORDS} woorden; er zijn er {} ingevuld.",
            words.len()
        )));
    }
    Ok(words.join(" "))
}

pub fn random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| Error::Random(e.to_string()))
}

/// The symmetric key of one shared space.
#[derive(Clone)]
pub struct Key(XChaCha20Poly1305);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    pub fn derive(passphrase: &str, salt: &[u8], cost: Cost) -> Result<Key> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.lanes, Some(32))
            .map_err(|e| Error::Header(format!("Argon2: {e}")))?;
        let mut key = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), salt, &mut key)
            .map_err(|e| Error::Header(format!("Argon2: {e}")))?;
        Ok(Key(XChaCha20Poly1305::new((&key).into())))
    }

    /// `nonce ‖ ciphertext ‖ tag`. `context` (a file's place in the space) is authenticated
    /// too, so a file copied or renamed to another place is refused as tampered.
    pub fn seal(&self, plain: &[u8], context: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        random(&mut nonce)?;
        let sealed = self
            .0
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: context,
                },
            )
            .map_err(|_| Error::Random("versleutelen mislukt".into()))?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// `None` for anything that is not exactly what `seal` made with this key and context:
    /// truncated, tampered, another key, another place.
    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.0
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context,
                },
            )
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_passphrase_has_twelve_known_words_and_reads_back_in_any_spacing() {
        let p = new_passphrase().unwrap();
        assert_eq!(p.split(' ').count(), PASSPHRASE_WORDS);
        let typed = format!("  {}  ", p.to_uppercase().replace(' ', " - "));
        assert_eq!(normalize_passphrase(&typed).unwrap(), p);
        assert_ne!(
            new_passphrase().unwrap(),
            p,
            "two passphrases were the same"
        );
    }

    #[test]
    fn a_misspelt_word_is_named() {
        let p = new_passphrase().unwrap();
        let wrong = p.replacen(' ', " zzyzx ", 1);
        let Err(Error::Passphrase(m)) = normalize_passphrase(&wrong) else {
            panic!("accepted a misspelt passphrase");
        };
        assert!(m.contains("zzyzx"), "{m}");
        let short = p.split(' ').take(3).collect::<Vec<_>>().join(" ");
        assert!(normalize_passphrase(&short).is_err());
    }

    #[test]
    fn sealed_bytes_open_only_with_the_same_key_and_context() {
        let k = Key::derive("een twee", b"0123456789abcdef", Cost::TEST).unwrap();
        let other = Key::derive("een drie", b"0123456789abcdef", Cost::TEST).unwrap();
        let sealed = k.seal(b"het advies", b"a/1").unwrap();
        assert!(!sealed.windows(10).any(|w| w == b"het advies"));
        assert_eq!(k.open(&sealed, b"a/1").unwrap(), b"het advies");
        assert!(k.open(&sealed, b"a/2").is_none(), "opened in another place");
        assert!(
            other.open(&sealed, b"a/1").is_none(),
            "opened with another key"
        );
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(
            k.open(&tampered, b"a/1").is_none(),
            "opened a tampered file"
        );
        assert!(k.open(&sealed[..sealed.len() - 3], b"a/1").is_none());
        assert!(k.open(&[], b"a/1").is_none());
    }
}
