#include "capsule/capsule_archive.h"

#include <fmt/format.h>
#include <sodium.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "catch.h"

namespace astrid {
namespace {

using Catch::Matchers::ContainsSubstring;
using Status = ProvenanceResult::Status;

// One archive entry, as a packer would write it.
struct Entry {
  std::string path;
  std::string content;
  char type = '0';   // ustar's typeflag: '0' file, '1' hard link, '2' symbolic link, '3' device, '5' directory
  std::string link;  // a link's target
};

// A ustar header block (POSIX.1-1988), written here rather than by
// libarchive so that the reader is tested against another encoder.
std::string ustar_header(const Entry& e) {
  std::string h(512, '\0');
  // Each field at its offset (name 0, mode 100, uid 108, gid 116, size 124,
  // mtime 136, checksum 148, type 156, link 157, magic 257, version 263).
  auto put = [&](size_t at, const std::string& value) { h.replace(at, value.size(), value); };
  auto octal = [](uint64_t value, int digits) { return fmt::format("{:0{}o}", value, digits); };
  REQUIRE(e.path.size() <= 100);
  put(0, e.path);
  put(100, octal(e.type == '5' ? 0755 : 0644, 7));
  put(108, octal(0, 7));
  put(116, octal(0, 7));
  put(124, octal(e.type == '0' ? e.content.size() : 0, 11));
  put(136, octal(0, 11));
  h[156] = e.type;
  put(157, e.link);
  put(257, std::string("ustar\0", 6));
  put(263, "00");
  h.replace(148, 8, 8, ' ');
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  put(148, octal(sum, 6) + std::string("\0 ", 2));
  return h;
}

// A gzip'd tar of the entries, in a file of its own (for its descriptor).
struct PackedArchive {
  int fd = -1;
  explicit PackedArchive(const std::vector<Entry>& entries) {
    std::string tar;
    for (const Entry& e : entries) {
      tar += ustar_header(e);
      if (e.type != '0') continue;
      tar += e.content;
      tar.append((512 - e.content.size() % 512) % 512, '\0');
    }
    tar.append(1024, '\0');
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string gz(deflateBound(&z, tar.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(tar.data());
    z.avail_in = static_cast<uInt>(tar.size());
    z.next_out = reinterpret_cast<Bytef*>(gz.data());
    z.avail_out = static_cast<uInt>(gz.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    gz.resize(z.total_out);
    deflateEnd(&z);
    fd = ::memfd_create("capsule", 0);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, gz.data(), gz.size()) == static_cast<ssize_t>(gz.size()));
  }
  ~PackedArchive() { ::close(fd); }
  PackedArchive(const PackedArchive&) = delete;
  PackedArchive& operator=(const PackedArchive&) = delete;
};

constexpr const char* kManifest = "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n";

std::vector<Entry> capsule_files() {
  return {{"Capsule.toml", kManifest}, {"demo.wasm", std::string("\0asm\x01\0\0\0", 8)}, {"assets/", "", '5'},
          {"assets/readme.txt", "hello"}};
}

// The provenance astrid build would add to these entries, signed by a new key.
std::string provenance_for(const std::vector<Entry>& entries) {
  REQUIRE(sodium_init() >= 0);
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> public_key;
  std::array<uint8_t, crypto_sign_SECRETKEYBYTES> secret_key;
  crypto_sign_keypair(public_key.data(), secret_key.data());
  ProvenanceDigest digest;
  for (const Entry& e : entries) {
    auto path = digest.enter(e.path);
    if (e.type != '0' || !std::holds_alternative<std::string>(path)) continue;
    Blake3 hasher;
    hasher.update(e.content);
    digest.add_file(std::get<std::string>(path), e.content.size(), hasher.finalize());
  }
  return sign_provenance(digest, secret_key);
}

CapsuleArchive read(const std::vector<Entry>& entries) {
  PackedArchive packed(entries);
  auto archive = read_capsule_archive(packed.fd);
  REQUIRE(archive);
  return *std::move(archive);
}

TEST_CASE("An archive without Capsule.provenance.json is unsigned, with its content digest") {
  const CapsuleArchive archive = read(capsule_files());
  CHECK_FALSE(archive.integrity.is_signed);
  CHECK_FALSE(archive.integrity.provenance);
  CHECK_FALSE(archive.integrity.refused);
  CHECK(archive.integrity.content_digest.size() == 64);
  CHECK(archive.manifest == kManifest);
  CHECK(archive.modules.size() == 1);
}

TEST_CASE("A signed archive verifies, whatever the order and spelling of its entries") {
  std::vector<Entry> files = capsule_files();
  const std::string provenance = provenance_for(files);
  // "./" prefixes and a different order: the same files once extracted.
  std::vector<Entry> packed = {{"./Capsule.provenance.json", provenance}, {"./assets/readme.txt", "hello"},
                               {"./demo.wasm", files[1].content}, {"./Capsule.toml", kManifest}};
  const CapsuleArchive archive = read(packed);
  REQUIRE(archive.integrity.provenance);
  CHECK(archive.integrity.provenance->status == Status::Verified);
  CHECK(archive.integrity.provenance->signer.size() == 44);
  CHECK(archive.manifest == kManifest);
}

TEST_CASE("A signed archive with a file changed, added or removed after signing fails as a digest mismatch") {
  std::vector<Entry> files = capsule_files();
  const std::string provenance = provenance_for(files);
  SECTION("changed") { files[3].content = "hellO"; }
  SECTION("added") { files.push_back({"assets/extra.txt", ""}); }
  SECTION("removed") { files.erase(files.begin() + 3); }
  SECTION("renamed") { files[3].path = "assets/readme.md"; }
  files.push_back({"Capsule.provenance.json", provenance});
  const CapsuleArchive archive = read(files);
  REQUIRE(archive.integrity.provenance);
  CHECK(archive.integrity.provenance->status == Status::DigestMismatch);
}

TEST_CASE("Links, absolute paths and \"..\" are refused by the installer, signed or not") {
  std::vector<Entry> files = capsule_files();
  std::string why;
  SECTION("a symbolic link") {
    files.push_back({"assets/alias", "", '2', "readme.txt"});
    why = "'assets/alias' is a symbolic link";
  }
  SECTION("a hard link") {
    files.push_back({"assets/copy", "", '1', "assets/readme.txt"});
    why = "'assets/copy' is a hard link";
  }
  SECTION("an absolute path") {
    files.push_back({"/etc/cron.d/x", "* * * * * root true"});
    why = "is absolute";
  }
  SECTION("a \"..\" component") {
    files.push_back({"assets/../../x", "x"});
    why = "component";
  }
  for (bool signed_archive : {false, true}) {
    std::vector<Entry> packed = files;
    if (signed_archive) packed.push_back({"Capsule.provenance.json", provenance_for(files)});
    const CapsuleArchive archive = read(packed);
    REQUIRE(archive.integrity.refused);
    CHECK_THAT(*archive.integrity.refused, ContainsSubstring(why));
    CHECK(archive.integrity.is_signed == signed_archive);
    CHECK_FALSE(archive.integrity.provenance);  // the installer stops before verifying
  }
}

TEST_CASE("What the digest cannot take fails a signed archive only") {
  std::vector<Entry> files = capsule_files();
  std::string why;
  SECTION("a device") {
    files.push_back({"dev", "", '3'});
    why = "'dev' is neither a regular file nor a directory";
  }
  SECTION("a path that is not UTF-8") {
    files.push_back({"assets/\xff.txt", "x"});
    why = "is not UTF-8";
  }
  SECTION("an empty path") {
    files.push_back({"./", "", '5'});
    why = "is empty";
  }
  CHECK_FALSE(read(files).integrity.refused);
  CHECK_FALSE(read(files).integrity.provenance);
  files.push_back({"Capsule.provenance.json", provenance_for(capsule_files())});
  const CapsuleArchive archive = read(files);
  REQUIRE(archive.integrity.provenance);
  CHECK(archive.integrity.provenance->status == Status::BadContent);
  CHECK_THAT(archive.integrity.provenance->message, ContainsSubstring(why));
}

TEST_CASE("A provenance file larger than the installer reads is malformed, and not kept whole") {
  std::vector<Entry> files = capsule_files();
  std::string provenance = provenance_for(files);
  provenance.insert(provenance.size() - 1, std::string(kMaxProvenanceBytes, ' '));
  files.push_back({"Capsule.provenance.json", provenance});
  const CapsuleArchive archive = read(files);
  REQUIRE(archive.integrity.provenance);
  CHECK(archive.integrity.provenance->status == Status::Malformed);
  CHECK_THAT(archive.integrity.provenance->message, ContainsSubstring("more than the 64 KiB"));
}

TEST_CASE("Only the provenance file at the root is the signature; one elsewhere is content") {
  std::vector<Entry> files = capsule_files();
  files.push_back({"assets/Capsule.provenance.json", "{}"});
  const CapsuleArchive unsigned_archive = read(files);
  CHECK_FALSE(unsigned_archive.integrity.is_signed);
  files.push_back({"Capsule.provenance.json", provenance_for(files)});
  const CapsuleArchive archive = read(files);
  REQUIRE(archive.integrity.provenance);
  CHECK(archive.integrity.provenance->status == Status::Verified);
}

}  // namespace
}  // namespace astrid
