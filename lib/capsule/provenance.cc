#include "capsule/provenance.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>


namespace astrid {
namespace {

using nlohmann::json;

constexpr std::string_view kSchemaKey = "schema_version";
constexpr std::string_view kAlgorithmKey = "algorithm";
constexpr std::string_view kDigestKey = "content_digest";
constexpr std::string_view kSignerKey = "signer";
constexpr std::string_view kSignatureKey = "signature";
constexpr std::array<std::string_view, 5> kKeys = {kSchemaKey, kAlgorithmKey, kDigestKey, kSignerKey, kSignatureKey};

constexpr uint32_t kSchemaVersion = 1;
constexpr std::string_view kAlgorithm = "ed25519-blake3-tree-v1";
// Domain separation: the digest and the signed message each start with a
// label no other Astrid hash or signature starts with.
constexpr std::string_view kContentDomain{"astrid:capsule-content:v1\0", 26};
constexpr std::string_view kSignatureDomain{"astrid:capsule-provenance:v1\0", 29};

// UTF-8 as Rust's str accepts it: no overlong forms, no surrogates, nothing
// past U+10FFFF.
bool is_utf8(std::string_view s) {
  static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<uint8_t>(s[i]);
    size_t more;
    uint32_t cp;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      more = 1, cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      more = 2, cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      more = 3, cp = lead & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= more) return false;
    for (size_t k = 1; k <= more; ++k) {
      const auto next = static_cast<uint8_t>(s[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = cp << 6 | (next & 0x3F);
    }
    if (cp < kMinimum[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += more + 1;
  }
  return true;
}

void append_u64_le(Blake3& hasher, uint64_t value) {
  uint8_t bytes[8];
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(value), value >>= 8;
  hasher.update(bytes);
}

std::string signed_message(std::string_view hex_digest) {
  return std::string(kSignatureDomain) + std::string(hex_digest);
}

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

// Standard base64, "=" padding required, unused bits zero, nothing else
// (no whitespace): what the base64 crate's STANDARD engine decodes, and
// libsodium's ORIGINAL variant with nothing to ignore.
std::optional<std::vector<uint8_t>> from_base64(std::string_view text) {
  std::vector<uint8_t> bytes(text.size() / 4 * 3 + 3);
  size_t length = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  bytes.resize(length);
  return bytes;
}

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A JSON value as an error message names it: numbers by their text (the
// value is what is wrong), anything else by its kind.
std::string describe(const json& value) {
  // Only a literal with a minus sign is signed: here, one that is 0.
  if (value.is_number_integer() && !value.is_number_unsigned() && value.get<int64_t>() == 0) return "-0";
  if (value.is_number()) return value.dump();
  if (value.is_string()) return "a string";
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  return value.is_object() ? "an object" : "an array";
}

ProvenanceResult failure(ProvenanceResult::Status status, std::string message, std::string digest) {
  ProvenanceResult result;
  result.status = status;
  result.message = std::move(message);
  result.content_digest = std::move(digest);
  return result;
}

}  // namespace

std::variant<std::string, PathRefusal> canonical_capsule_path(std::string_view raw) {
  const std::string shown(raw);  // escaped where it is printed
  if (!is_utf8(raw)) return PathRefusal{fmt::format("the path \"{}\" is not UTF-8", shown)};
  if (raw.starts_with('/')) return PathRefusal{fmt::format("the path \"{}\" is absolute", shown), true};
  std::string path;
  for (size_t start = 0; start <= raw.size();) {
    const size_t end = std::min(raw.find('/', start), raw.size());
    const std::string_view part = raw.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") return PathRefusal{fmt::format("the path \"{}\" has a \"..\" component", shown), true};
    if (!path.empty()) path += '/';
    path += part;
  }
  if (path.empty()) return PathRefusal{fmt::format("the path \"{}\" is empty", shown)};
  return path;
}

std::variant<std::string, PathRefusal> ProvenanceDigest::enter(std::string_view raw_path) {
  auto path = canonical_capsule_path(raw_path);
  if (auto* name = std::get_if<std::string>(&path); name && !seen_.insert(*name).second)
    path = PathRefusal{fmt::format("the path \"{}\" appears twice in the archive", *name)};
  if (auto* refusal = std::get_if<PathRefusal>(&path)) refuse(refusal->message);
  return path;
}

void ProvenanceDigest::refuse(std::string why) {
  if (!refused_) refused_ = std::move(why);
}

void ProvenanceDigest::add_file(std::string path, uint64_t size, const Blake3Hash& content) {
  if (path == kProvenanceFile) return;
  files_.push_back({std::move(path), size, content});
}

Blake3Hash ProvenanceDigest::digest() const {
  std::vector<const File*> sorted;
  sorted.reserve(files_.size());
  for (const File& file : files_) sorted.push_back(&file);
  // std::string compares as unsigned bytes: the order of Rust's String.
  std::sort(sorted.begin(), sorted.end(), [](const File* a, const File* b) { return a->path < b->path; });
  Blake3 hasher;
  hasher.update(kContentDomain);
  for (const File* file : sorted) {
    append_u64_le(hasher, file->path.size());
    hasher.update(file->path);
    append_u64_le(hasher, file->size);
    hasher.update(file->content);
  }
  return hasher.finalize();
}

std::string_view to_string(ProvenanceResult::Status status) {
  switch (status) {
    case ProvenanceResult::Status::Verified: return "verified";
    case ProvenanceResult::Status::Malformed: return "malformed provenance";
    case ProvenanceResult::Status::Unsupported: return "unsupported provenance";
    case ProvenanceResult::Status::DigestMismatch: return "digest mismatch";
    case ProvenanceResult::Status::BadSignature: return "bad signature";
    case ProvenanceResult::Status::BadContent: return "content not digestible";
  }
  return "?";
}

ProvenanceResult verify_provenance(std::string_view json_text, const ProvenanceDigest& content) {
  using Status = ProvenanceResult::Status;
  std::string digest = content.hex();
  auto malformed = [&](std::string message) { return failure(Status::Malformed, std::move(message), digest); };
  if (content.refused()) return failure(Status::BadContent, "the content has no digest: " + *content.refused(), digest);

  if (json_text.size() > kMaxProvenanceBytes)
    return malformed(fmt::format("{} bytes, more than the {} KiB the kernel reads", json_text.size(),
                                 kMaxProvenanceBytes >> 10));
  // nlohmann's parser would skip it; serde_json's does not.
  if (json_text.starts_with("\xEF\xBB\xBF")) return malformed("it starts with a byte order mark");

  // Unknown keys are dropped as they are parsed (serde ignores them); a
  // known key given twice is an error, as serde's "duplicate field" is.
  std::string duplicate;
  std::vector<std::string> seen;
  auto keep = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event != json::parse_event_t::key || depth != 1) return true;
    const auto& key = parsed.get_ref<const std::string&>();
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) return false;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      if (duplicate.empty()) duplicate = key;
    } else {
      seen.push_back(key);
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(json_text.begin(), json_text.end(), keep);
  } catch (const json::exception& e) {
    std::string_view why = e.what();
    if (why.starts_with("[json.exception.")) why.remove_prefix(std::min(why.size(), why.find("] ") + 2));
    return malformed(fmt::format("not valid JSON: {}", why));
  }
  if (!doc.is_object()) return malformed(fmt::format("{}, not a JSON object", describe(doc)));
  if (!duplicate.empty()) return malformed(fmt::format("the key \"{}\" appears twice", duplicate));
  for (std::string_view key : kKeys)
    if (!doc.contains(key)) return malformed(fmt::format("the key \"{}\" is missing", key));
  auto field = [&](std::string_view key) -> const json& { return doc.at(std::string(key)); };

  const json& schema = field(kSchemaKey);
  if (!schema.is_number_unsigned() || schema.get<uint64_t>() > std::numeric_limits<uint32_t>::max())
    return malformed(fmt::format("\"{}\" is {}, not an unsigned 32-bit integer", kSchemaKey, describe(schema)));
  for (std::string_view key : {kAlgorithmKey, kDigestKey, kSignerKey, kSignatureKey})
    if (const json& value = field(key); !value.is_string())
      return malformed(fmt::format("\"{}\" is {}, not a string", key, describe(value)));

  auto decode = [&](std::string_view key, size_t length,
                    std::string_view what) -> std::variant<std::vector<uint8_t>, ProvenanceResult> {
    auto bytes = from_base64(field(key).get_ref<const std::string&>());
    if (!bytes) return malformed(fmt::format("\"{}\" is not standard base64 with its padding", key));
    if (bytes->size() != length)
      return malformed(fmt::format("\"{}\" decodes to {} bytes, not the {} of {}", key, bytes->size(), length, what));
    return std::move(*bytes);
  };
  auto signer = decode(kSignerKey, crypto_sign_PUBLICKEYBYTES, "an Ed25519 public key");
  if (auto* error = std::get_if<ProvenanceResult>(&signer)) return *error;
  auto signature = decode(kSignatureKey, crypto_sign_BYTES, "an Ed25519 signature");
  if (auto* error = std::get_if<ProvenanceResult>(&signature)) return *error;

  const uint64_t version = schema.get<uint64_t>();
  const auto& algorithm = field(kAlgorithmKey).get_ref<const std::string&>();
  if (version != kSchemaVersion || algorithm != kAlgorithm)
    return failure(Status::Unsupported,
                   fmt::format("schema_version {} with algorithm \"{}\": the kernel knows only {} with \"{}\"",
                               version, algorithm, kSchemaVersion, kAlgorithm),
                   digest);

  const auto& signed_digest = field(kDigestKey).get_ref<const std::string&>();
  if (signed_digest.size() != 64 || !is_lower_hex(signed_digest))
    return malformed(fmt::format("\"{}\" is not 64 lowercase hex digits", kDigestKey));
  if (signed_digest != digest)
    return failure(Status::DigestMismatch,
                   fmt::format("the archive's content was changed after signing: its digest is {}, the "
                               "signed one {}",
                               digest, signed_digest),
                   digest);

  const auto& key = std::get<std::vector<uint8_t>>(signer);
  const auto& sig = std::get<std::vector<uint8_t>>(signature);
  const std::string message = signed_message(signed_digest);
  if (!sodium_ready() || crypto_sign_verify_detached(sig.data(), reinterpret_cast<const uint8_t*>(message.data()),
                                                     message.size(), key.data()) != 0)
    return failure(Status::BadSignature, "the signature is not the signer's over the content digest", digest);

  ProvenanceResult result;
  result.status = Status::Verified;
  result.signer = to_base64(key);
  result.content_digest = std::move(digest);
  return result;
}

std::string sign_provenance(const ProvenanceDigest& content, std::span<const uint8_t, 64> secret_key) {
  sodium_ready();
  const std::string digest = content.hex();
  const std::string message = signed_message(digest);
  std::array<uint8_t, crypto_sign_BYTES> signature;
  crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const uint8_t*>(message.data()), message.size(),
                       secret_key.data());
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> signer;
  crypto_sign_ed25519_sk_to_pk(signer.data(), secret_key.data());
  // serde_json's to_vec_pretty: two-space indent, fields in declaration
  // order, no final newline.
  return fmt::format(
      "{{\n  \"{}\": {},\n  \"{}\": \"{}\",\n  \"{}\": \"{}\",\n  \"{}\": \"{}\",\n  \"{}\": \"{}\"\n}}", kSchemaKey,
      kSchemaVersion, kAlgorithmKey, kAlgorithm, kDigestKey, digest, kSignerKey, to_base64(signer), kSignatureKey,
      to_base64(signature));
}

std::string to_base64(std::span<const uint8_t> bytes) {
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

}  // namespace astrid
