#pragma once
// Token secrets (libsodium): random text to hand out, and the hash the store keeps instead of it.
#include <string>
#include <string_view>

namespace runload::store {

/// 32 random bytes as unpadded base64url (43 characters).
std::string new_token_secret();
/// BLAKE2b-256 of `secret`, as lowercase hex: what the store keeps. A token's secret has 256 random bits,
/// so a fast hash is enough (no password stretching).
std::string token_secret_hash(std::string_view secret);
/// Whether two hashes are equal, in time that does not depend on where they differ.
bool same_hash(std::string_view a, std::string_view b);

}  // namespace runload::store
