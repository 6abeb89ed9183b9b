#include "token_secret.h"

#include <sodium.h>

#include <stdexcept>

namespace runload::store {
namespace {

void init_sodium() {
  static const int ready = sodium_init();  // thread-safe, once; 1 when already initialised
  if (ready < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

std::string new_token_secret() {
  init_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(sizeof bytes, kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, sizeof bytes, kVariant);
  text.resize(text.find('\0'));
  sodium_memzero(bytes, sizeof bytes);
  return text;
}

std::string token_secret_hash(std::string_view secret) {
  init_sodium();
  unsigned char hash[crypto_generichash_BYTES];  // 32
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
  std::string hex(sizeof hash * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash, sizeof hash);
  hex.pop_back();
  return hex;
}

bool same_hash(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace runload::store
