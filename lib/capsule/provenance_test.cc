#include "capsule/provenance.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "catch.h"

namespace astrid {
namespace {

using Catch::Matchers::ContainsSubstring;
using Status = ProvenanceResult::Status;
using ordered_json = nlohmann::ordered_json;

// Archive members as the archive lists them: raw path, content.
using Files = std::vector<std::pair<std::string, std::string>>;

// A capsule's regular files, in archive order (not sorted).
Files sample() {
  return {
      {"Capsule.toml", "[package]\nname = \"demo\"\n"},
      {"demo.wasm", std::string("\0asm\x01\0\0\0", 8)},
      {"assets/\xC3\xA9.txt", "accent"},
      {"assets/a/b", "x"},
      {"assets/a.b", ""},
      {"wit/capsule.wit", "package astrid:capsule-stub@1.0.0;\n"},
  };
}

Blake3Hash blake3(std::string_view bytes) {
  Blake3 hasher;
  hasher.update(bytes);
  return hasher.finalize();
}

ProvenanceDigest digest_of(const Files& files) {
  ProvenanceDigest digest;
  for (const auto& [raw, content] : files) {
    auto path = digest.enter(raw);
    REQUIRE(std::holds_alternative<std::string>(path));
    digest.add_file(std::get<std::string>(path), content.size(), blake3(content));
  }
  return digest;
}

struct KeyPair {
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> public_key;
  std::array<uint8_t, crypto_sign_SECRETKEYBYTES> secret_key;
  KeyPair() {
    REQUIRE(sodium_init() >= 0);
    crypto_sign_keypair(public_key.data(), secret_key.data());
  }
};

std::string base64_of_zeros(size_t n) { return to_base64(std::vector<uint8_t>(n, 0)); }

// The signed provenance of sample(), edited as JSON.
std::string edited(const std::string& text, const std::function<void(ordered_json&)>& edit) {
  auto doc = ordered_json::parse(text);
  edit(doc);
  return doc.dump(2);
}

std::string flip_signature_bit(const std::string& text, size_t bit) {
  return edited(text, [&](ordered_json& doc) {
    std::vector<uint8_t> signature(crypto_sign_BYTES);
    size_t length = 0;
    const auto& b64 = doc["signature"].get_ref<const std::string&>();
    REQUIRE(sodium_base642bin(signature.data(), signature.size(), b64.data(), b64.size(), nullptr, &length, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0);
    signature[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    doc["signature"] = to_base64(signature);
  });
}

}  // namespace

TEST_CASE("The content digest is section 8's, over the paths sorted by their bytes") {
  // Worked out apart from this code: the byte string built in Python and
  // hashed with b3sum.
  const std::string expected = "90fbee4e42cb177e7cde2aa8ca95b6a51708340860b8fe1303abc879219bbae0";
  Files files = sample();
  CHECK(digest_of(files).hex() == expected);
  // Whatever the archive's order.
  std::reverse(files.begin(), files.end());
  CHECK(digest_of(files).hex() == expected);
  std::rotate(files.begin(), files.begin() + 2, files.end());
  CHECK(digest_of(files).hex() == expected);
  // Nothing at all: BLAKE3 of the domain label alone.
  CHECK(ProvenanceDigest().hex() == "dd15de2917614f081d61164552e637d188cada6f7a43359b4353ca789ecd22d9");
}

TEST_CASE("The content digest leaves out the provenance file at the root only") {
  const std::string plain = digest_of(sample()).hex();
  Files files = sample();
  files.push_back({"./Capsule.provenance.json", "{}"});
  CHECK(digest_of(files).hex() == plain);
  files.push_back({"sub/Capsule.provenance.json", "{}"});
  CHECK(digest_of(files).hex() != plain);
}

TEST_CASE("Provenance signed with a key verifies, naming the key") {
  const KeyPair key;
  const ProvenanceDigest digest = digest_of(sample());
  const std::string text = sign_provenance(digest, key.secret_key);
  const ProvenanceResult result = verify_provenance(text, digest);
  CHECK(result.status == Status::Verified);
  CHECK(result.message == "");
  CHECK(result.signer == to_base64(key.public_key));
  CHECK(result.content_digest == digest.hex());
  CHECK(to_string(result.status) == "verified");
}

TEST_CASE("Provenance is laid out as astrid build writes it") {
  // Ed25519 is deterministic: a fixed seed gives a fixed file. The
  // signature was checked apart from libsodium, with OpenSSL's Ed25519,
  // over "astrid:capsule-provenance:v1\0" and the hex digest.
  std::array<uint8_t, crypto_sign_SEEDBYTES> seed;
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(i);
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> public_key;
  std::array<uint8_t, crypto_sign_SECRETKEYBYTES> secret_key;
  REQUIRE(sodium_init() >= 0);
  crypto_sign_seed_keypair(public_key.data(), secret_key.data(), seed.data());
  const std::string text = sign_provenance(digest_of(sample()), secret_key);
  CHECK(text ==
        "{\n"
        "  \"schema_version\": 1,\n"
        "  \"algorithm\": \"ed25519-blake3-tree-v1\",\n"
        "  \"content_digest\": \"90fbee4e42cb177e7cde2aa8ca95b6a51708340860b8fe1303abc879219bbae0\",\n"
        "  \"signer\": \"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\",\n"
        "  \"signature\": "
        "\"Gak+oPMuIsEF+f6ER7MeDI+96WvJhdXi1fXuQbPmMVnD1t3eAbb69rUqiWe2pjGl4Axun1ziXc10XZgauaZmAw==\"\n"
        "}");
  CHECK(to_base64(public_key) == "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=");
}

TEST_CASE("Provenance fails as digest mismatch when the content changed after signing") {
  const KeyPair key;
  const std::string text = sign_provenance(digest_of(sample()), key.secret_key);
  auto check_mismatch = [&](const ProvenanceDigest& tampered) {
    const ProvenanceResult result = verify_provenance(text, tampered);
    CHECK(result.status == Status::DigestMismatch);
    CHECK_THAT(result.message, ContainsSubstring("changed after signing") && ContainsSubstring(tampered.hex()));
    CHECK(result.signer == "");
  };
  SECTION("one byte of content") {
    Files files = sample();
    files[1].second[5] ^= 1;
    check_mismatch(digest_of(files));
  }
  SECTION("a size, with the same content hash") {
    ProvenanceDigest digest;
    for (const auto& [path, content] : sample()) {
      const uint64_t size = content.size() + (path == "demo.wasm" ? 1 : 0);
      digest.add_file(std::get<std::string>(digest.enter(path)), size, blake3(content));
    }
    check_mismatch(digest);
  }
  SECTION("a file added") {
    Files files = sample();
    files.push_back({"assets/extra", "more"});
    check_mismatch(digest_of(files));
  }
  SECTION("an empty file added") {
    Files files = sample();
    files.push_back({"assets/empty", ""});
    check_mismatch(digest_of(files));
  }
  SECTION("a file removed") {
    Files files = sample();
    files.erase(files.begin() + 4);  // the empty one
    check_mismatch(digest_of(files));
  }
  SECTION("a file renamed") {
    Files files = sample();
    files[1].first = "other.wasm";
    check_mismatch(digest_of(files));
  }
  SECTION("a file moved to another folder") {
    Files files = sample();
    files[0].first = "wit/Capsule.toml";
    check_mismatch(digest_of(files));
  }
  SECTION("two files' contents swapped") {
    Files files = sample();
    std::swap(files[0].second, files[5].second);
    check_mismatch(digest_of(files));
  }
}

TEST_CASE("Provenance fails as bad signature when the signer or signature is not the one that signed") {
  const KeyPair key;
  const KeyPair other;
  const ProvenanceDigest digest = digest_of(sample());
  const std::string text = sign_provenance(digest, key.secret_key);
  auto check_bad = [&](const std::string& tampered, const ProvenanceDigest& content) {
    const ProvenanceResult result = verify_provenance(tampered, content);
    CHECK(result.status == Status::BadSignature);
    CHECK_THAT(result.message, ContainsSubstring("not the signer's"));
    CHECK(result.signer == "");
  };
  SECTION("another signer") {
    check_bad(edited(text, [&](ordered_json& doc) { doc["signer"] = to_base64(other.public_key); }), digest);
  }
  SECTION("another key's signature") {
    const std::string theirs = sign_provenance(digest, other.secret_key);
    check_bad(edited(text, [&](ordered_json& doc) { doc["signature"] = ordered_json::parse(theirs)["signature"]; }),
              digest);
  }
  SECTION("a bit of the signature flipped") {
    // In R, in S, and S's top bit (which makes S non-canonical).
    for (size_t bit : {0, 7, 100, 255, 256, 300, 511}) {
      INFO("bit " << bit);
      check_bad(flip_signature_bit(text, bit), digest);
    }
  }
  SECTION("the content changed and the digest with it") {
    Files files = sample();
    files[1].second += "evil";
    const ProvenanceDigest tampered = digest_of(files);
    check_bad(edited(text, [&](ordered_json& doc) { doc["content_digest"] = tampered.hex(); }), tampered);
  }
  SECTION("a signer that is no curve point") {
    std::vector<uint8_t> bogus(32, 0xff);
    check_bad(edited(text, [&](ordered_json& doc) { doc["signer"] = to_base64(bogus); }), digest);
  }
}

TEST_CASE("Provenance of another schema or algorithm is unsupported") {
  const KeyPair key;
  const ProvenanceDigest digest = digest_of(sample());
  const std::string text = sign_provenance(digest, key.secret_key);
  auto check_unsupported = [&](const std::string& tampered, const std::string& what) {
    const ProvenanceResult result = verify_provenance(tampered, digest);
    CHECK(result.status == Status::Unsupported);
    CHECK_THAT(result.message, ContainsSubstring(what) && ContainsSubstring("the kernel knows only 1 with \"ed25519-blake3-tree-v1\""));
  };
  check_unsupported(edited(text, [](ordered_json& doc) { doc["schema_version"] = 2; }), "schema_version 2 ");
  check_unsupported(edited(text, [](ordered_json& doc) { doc["schema_version"] = 0; }), "schema_version 0 ");
  check_unsupported(edited(text, [](ordered_json& doc) { doc["schema_version"] = 4294967295u; }),
                    "schema_version 4294967295 ");
  check_unsupported(edited(text, [](ordered_json& doc) { doc["algorithm"] = "ed25519-blake3-tree-v2"; }),
                    "algorithm \"ed25519-blake3-tree-v2\"");
  check_unsupported(edited(text, [](ordered_json& doc) { doc["algorithm"] = "ED25519-BLAKE3-TREE-V1"; }),
                    "algorithm \"ED25519-BLAKE3-TREE-V1\"");
  check_unsupported(edited(text, [](ordered_json& doc) { doc["algorithm"] = ""; }), "algorithm \"\"");
}

TEST_CASE("Malformed provenance is refused, saying what is wrong") {
  const KeyPair key;
  const ProvenanceDigest digest = digest_of(sample());
  const std::string text = sign_provenance(digest, key.secret_key);
  REQUIRE(verify_provenance(text, digest).status == Status::Verified);
  auto check_malformed = [&](const std::string& tampered, const std::string& what) {
    INFO(tampered);
    const ProvenanceResult result = verify_provenance(tampered, digest);
    CHECK(result.status == Status::Malformed);
    CHECK_THAT(result.message, ContainsSubstring(what));
    CHECK(result.content_digest == digest.hex());
  };
  auto with = [&](const char* key, ordered_json value) {
    return edited(text, [&](ordered_json& doc) { doc[key] = value; });
  };

  SECTION("not JSON") {
    check_malformed("", "not valid JSON");
    check_malformed(text.substr(0, text.size() - 1), "not valid JSON");
    check_malformed(text + "x", "not valid JSON");
    check_malformed(text + "{}", "not valid JSON");
    check_malformed(text.substr(0, text.size() - 2) + ",\n}", "not valid JSON");  // a trailing comma
    check_malformed("{'schema_version': 1}", "not valid JSON");
    check_malformed("\xEF\xBB\xBF" + text, "byte order mark");
    check_malformed("{\"a\": \"\xff\"}", "not valid JSON");      // not UTF-8
    check_malformed("{\"a\": \"\\ud800\"}", "not valid JSON");  // a lone surrogate
    check_malformed("{\"a\": 1} // comment", "not valid JSON");
  }
  SECTION("not an object") {
    check_malformed("[]", "an array, not a JSON object");
    check_malformed("\"provenance\"", "a string, not a JSON object");
    check_malformed("null", "null, not a JSON object");
    check_malformed("1", "1, not a JSON object");
  }
  SECTION("a key missing") {
    for (const char* key : {"schema_version", "algorithm", "content_digest", "signer", "signature"}) {
      check_malformed(edited(text, [&](ordered_json& doc) { doc.erase(key); }),
                      std::string("the key \"") + key + "\" is missing");
    }
    check_malformed("{}", "the key \"schema_version\" is missing");
  }
  SECTION("a key twice") {
    check_malformed("{\"signer\": \"x\", " + text.substr(1), "the key \"signer\" appears twice");
    check_malformed("{\"schema_version\": 1, " + text.substr(1), "the key \"schema_version\" appears twice");
  }
  SECTION("a value of the wrong type") {
    check_malformed(with("schema_version", "1"), "\"schema_version\" is a string, not an unsigned 32-bit integer");
    check_malformed(with("schema_version", 1.0), "\"schema_version\" is 1.0, not");
    check_malformed(with("schema_version", -1), "\"schema_version\" is -1, not");
    check_malformed(with("schema_version", 4294967296u), "\"schema_version\" is 4294967296, not");
    check_malformed(with("schema_version", nullptr), "\"schema_version\" is null, not");
    check_malformed(with("schema_version", true), "\"schema_version\" is a boolean, not");
    check_malformed(text.substr(0, text.find("1,")) + "-0" + text.substr(text.find("1,") + 1),
                    "\"schema_version\" is -0, not");  // serde reads -0 as a float
    check_malformed(text.substr(0, text.find("1,")) + "1e0" + text.substr(text.find("1,") + 1),
                    "\"schema_version\" is 1.0, not");
    check_malformed(with("algorithm", 1), "\"algorithm\" is 1, not a string");
    check_malformed(with("content_digest", nullptr), "\"content_digest\" is null, not a string");
    check_malformed(with("signer", ordered_json::array()), "\"signer\" is an array, not a string");
    check_malformed(with("signature", ordered_json::object()), "\"signature\" is an object, not a string");
  }
  SECTION("not standard base64 with its padding") {
    const std::string zeros = base64_of_zeros(32);  // 43 symbols and "="
    REQUIRE(zeros == "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    const std::string bad = "\"signer\" is not standard base64 with its padding";
    check_malformed(with("signer", zeros.substr(0, 43)), bad);                // no padding
    check_malformed(with("signer", zeros + "="), bad);                        // too much
    check_malformed(with("signer", zeros.substr(0, 42) + "B="), bad);         // unused bits set
    check_malformed(with("signer", zeros.substr(0, 42) + "-="), bad);         // the URL-safe alphabet
    check_malformed(with("signer", zeros.substr(0, 40) + "*AA="), bad);       // not base64 at all
    check_malformed(with("signer", zeros.substr(0, 20) + " " + zeros.substr(20)), bad);  // whitespace
    check_malformed(with("signer", zeros.substr(0, 20) + "\n" + zeros.substr(20)), bad);
    check_malformed(with("signer", zeros.substr(0, 40) + "=AAA"), bad);       // padding inside
    check_malformed(with("signer", zeros + std::string(1, '\0')), bad);
    check_malformed(with("signature", "AAAA=AAA"), "\"signature\" is not standard base64 with its padding");
  }
  SECTION("the wrong number of bytes") {
    check_malformed(with("signer", ""), "\"signer\" decodes to 0 bytes, not the 32 of an Ed25519 public key");
    check_malformed(with("signer", base64_of_zeros(31)), "\"signer\" decodes to 31 bytes, not the 32");
    check_malformed(with("signer", base64_of_zeros(33)), "\"signer\" decodes to 33 bytes, not the 32");
    check_malformed(with("signature", base64_of_zeros(63)),
                    "\"signature\" decodes to 63 bytes, not the 64 of an Ed25519 signature");
    check_malformed(with("signature", base64_of_zeros(65)), "\"signature\" decodes to 65 bytes, not the 64");
  }
  SECTION("a content digest that is not lowercase hex") {
    const std::string hex = digest.hex();
    std::string upper = hex;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return std::toupper(c); });
    REQUIRE(upper != hex);
    const std::string bad = "\"content_digest\" is not 64 lowercase hex digits";
    check_malformed(with("content_digest", upper), bad);
    check_malformed(with("content_digest", hex.substr(1)), bad);
    check_malformed(with("content_digest", hex + "0"), bad);
    check_malformed(with("content_digest", "g" + hex.substr(1)), bad);
    check_malformed(with("content_digest", ""), bad);
  }
  SECTION("larger than 64 KiB") {
    // Padded with an unknown key to exactly the limit, then one byte more.
    const std::string head = "{\"padding\": \"";
    const std::string tail = "\", " + text.substr(1);
    const std::string at_limit = head + std::string(kMaxProvenanceBytes - head.size() - tail.size(), 'x') + tail;
    REQUIRE(at_limit.size() == 65536);
    CHECK(verify_provenance(at_limit, digest).status == Status::Verified);
    check_malformed(at_limit + " ", "65537 bytes, more than the 64 KiB the kernel reads");
  }
}

TEST_CASE("Provenance tolerates what serde tolerates: unknown keys, any order, whitespace") {
  const KeyPair key;
  const ProvenanceDigest digest = digest_of(sample());
  const std::string text = sign_provenance(digest, key.secret_key);
  auto check_verified = [&](const std::string& variant) {
    INFO(variant.substr(0, 200));
    const ProvenanceResult result = verify_provenance(variant, digest);
    CHECK(result.status == Status::Verified);
    CHECK(result.message == "");
  };
  check_verified(" \n\t" + text + "\r\n ");
  check_verified(ordered_json::parse(text).dump());  // compact
  // Keys in reverse order.
  check_verified(edited(text, [](ordered_json& doc) {
    ordered_json reversed = ordered_json::object();
    std::vector<std::string> keys;
    for (auto& [k, v] : doc.items()) keys.push_back(k);
    for (auto k = keys.rbegin(); k != keys.rend(); ++k) reversed[*k] = doc[*k];
    doc = reversed;
  }));
  // Unknown keys of any kind, given twice, and deeply nested.
  check_verified(edited(text, [](ordered_json& doc) {
    doc["comment"] = "built on a Tuesday";
    doc["extra"] = {{"nested", {1, 2.5, nullptr, "x"}}};
    doc["Signer"] = 7;  // keys are case-sensitive: this is another key
  }));
  check_verified("{\"x\": 1, \"x\": [], " + text.substr(1));
  check_verified("{\"deep\": " + std::string(20000, '[') + std::string(20000, ']') + ", " + text.substr(1));
  // Escapes decode before the comparisons.
  std::string escaped = text;
  escaped.replace(escaped.find("ed25519"), 1, "\\u0065");
  check_verified(escaped);
}

TEST_CASE("Archive paths are named as the kernel names them, or refused") {
  auto path_of = [](std::string_view raw) {
    auto path = canonical_capsule_path(raw);
    return std::holds_alternative<std::string>(path) ? std::get<std::string>(path)
                                                     : "refused: " + std::get<PathRefusal>(path).message;
  };
  CHECK(path_of("Capsule.toml") == "Capsule.toml");
  CHECK(path_of("./Capsule.toml") == "Capsule.toml");
  CHECK(path_of("././wit/./deps//a.wit") == "wit/deps/a.wit");
  CHECK(path_of("wit/") == "wit");
  CHECK(path_of("assets/.hidden") == "assets/.hidden");
  CHECK(path_of("assets/...") == "assets/...");
  CHECK(path_of("assets/..x") == "assets/..x");
  CHECK(path_of("assets/\xC3\xA9") == "assets/\xC3\xA9");
  CHECK(path_of("a\\b") == "a\\b");  // not a separator on the kernel's Unix

  CHECK(path_of("") == "refused: the path \"\" is empty");
  CHECK(path_of(".") == "refused: the path \".\" is empty");
  CHECK(path_of("./") == "refused: the path \"./\" is empty");
  CHECK(path_of("/etc/passwd") == "refused: the path \"/etc/passwd\" is absolute");
  CHECK(path_of("//x") == "refused: the path \"//x\" is absolute");
  CHECK(path_of("..") == "refused: the path \"..\" has a \"..\" component");
  CHECK(path_of("../x") == "refused: the path \"../x\" has a \"..\" component");
  CHECK(path_of("a/../b") == "refused: the path \"a/../b\" has a \"..\" component");
  CHECK(path_of("a/..") == "refused: the path \"a/..\" has a \"..\" component");
  CHECK(path_of("a/\xFF") == "refused: the path \"a/\xFF\" is not UTF-8");  // escaped where printed
  CHECK_THAT(path_of("\xC0\xAF"), ContainsSubstring("is not UTF-8"));          // overlong "/"
  CHECK_THAT(path_of("\xED\xA0\x80"), ContainsSubstring("is not UTF-8"));      // a surrogate
  CHECK_THAT(path_of("\xF4\x90\x80\x80"), ContainsSubstring("is not UTF-8"));  // past U+10FFFF
  CHECK_THAT(path_of("\xC3"), ContainsSubstring("is not UTF-8"));              // cut short
  CHECK(path_of("\xF0\x9F\x93\xA6") == "\xF0\x9F\x93\xA6");
}

TEST_CASE("An archive path given twice is refused, whatever the entries' kinds") {
  auto refused = [](const std::vector<std::string>& raws) -> std::string {
    ProvenanceDigest digest;
    for (const auto& raw : raws)
      if (auto path = digest.enter(raw); auto* refusal = std::get_if<PathRefusal>(&path)) return refusal->message;
    return "";
  };
  CHECK(refused({"a", "b", "A", "a/b"}) == "");
  CHECK(refused({"a", "./a"}) == "the path \"a\" appears twice in the archive");
  CHECK(refused({"wit/", "wit"}) == "the path \"wit\" appears twice in the archive");  // a folder, then a file
  CHECK(refused({"Capsule.provenance.json", "./Capsule.provenance.json"}) ==
        "the path \"Capsule.provenance.json\" appears twice in the archive");
  CHECK(refused({"x", "../y"}) == "the path \"../y\" has a \"..\" component");
}

}  // namespace astrid
