// BLAKE3 against Debian's b3sum (the BLAKE3 team's own implementation) on
// inputs made here: sizes at the block and chunk boundaries and random
// ones, random bytes, fed to our hasher in random odd-sized pieces, with
// outputs of several lengths (b3sum --length) and in the keyed and
// derive-key modes.
//
//   blake3_b3sum_test B3SUM WORK_DIR [SEED]
//
// Exits 77 (skipped) when B3SUM is not an executable, so that a machine
// without b3sum still passes. The random seed is printed; giving it again
// replays a failure.
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "capsule/blake3.h"

namespace {

using astrid::Blake3;

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The first word b3sum prints (the hex output), or "" when it fails.
std::string run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  if (::pclose(pipe) != 0) return "";
  return out.substr(0, out.find_first_of(" \n"));
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s B3SUM WORK_DIR [SEED]\n", argv[0]);
    return 2;
  }
  const std::string b3sum = argv[1];
  if (::access(b3sum.c_str(), X_OK) != 0) {
    std::printf("b3sum not found (%s): skipped; apt-get install b3sum\n", b3sum.c_str());
    return 77;
  }
  const std::filesystem::path dir = argv[2];
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "input").string();
  const std::string key_file = (dir / "key").string();

  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : std::random_device{}();
  std::printf("seed %" PRIu64 "\n", seed);
  std::mt19937_64 random(seed);
  auto below = [&](uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(random); };

  // Around every boundary where the tree changes shape: a block (64), a
  // chunk (1024), a few levels of parents, a 64 KiB read.
  std::vector<size_t> sizes = {0, 1, 63, 64, 65, 127, 128, 129};
  for (size_t chunks : {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 128, 1024})
    for (long delta : {-1, 0, 1}) sizes.push_back(chunks * 1024 + delta);
  sizes.push_back(65536 * 3 + 17);
  for (int i = 0; i < 25; ++i) sizes.push_back(below(3u << 20));

  uint8_t key[32];
  for (uint8_t& byte : key) byte = static_cast<uint8_t>(below(256));
  write_file(key_file, std::vector<uint8_t>(key, key + 32));
  const std::string context = "astrid-abi " + std::to_string(seed) + " b3sum comparison";

  int failures = 0, checks = 0;
  auto expect = [&](const std::string& what, size_t size, const std::string& ours, const std::string& theirs) {
    ++checks;
    if (!theirs.empty() && ours == theirs) return;
    ++failures;
    std::printf("FAIL %s, %zu bytes of input:\n  ours   %s\n  b3sum  %s\n", what.c_str(), size, ours.c_str(),
                theirs.empty() ? "(failed)" : theirs.c_str());
  };

  for (size_t size : sizes) {
    std::vector<uint8_t> bytes(size);
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random());
    write_file(file, bytes);

    // Our three hashers, fed the same random odd-sized pieces.
    Blake3 hash;
    Blake3 keyed = Blake3::keyed(key);
    Blake3 derive = Blake3::derive_key(context);
    for (size_t at = 0; at < size;) {
      const size_t piece = std::min<size_t>(size - at, 1 + 2 * below(below(2) ? 40 : 3000));
      const std::span<const uint8_t> part(bytes.data() + at, piece);
      hash.update(part);
      keyed.update(part);
      derive.update(part);
      at += piece;
    }

    for (size_t length : {size_t(32), size_t(1), size_t(65), size_t(1 + below(2000))}) {
      std::vector<uint8_t> out(length);
      hash.finalize(out);
      expect("hash --length " + std::to_string(length), size, astrid::to_hex(out),
             run(quote(b3sum) + " --no-names --length " + std::to_string(length) + " " + quote(file)));
    }
    expect("keyed hash", size, astrid::to_hex(keyed.finalize()),
           run(quote(b3sum) + " --no-names --keyed " + quote(file) + " < " + quote(key_file)));
    expect("derive key", size, astrid::to_hex(derive.finalize()),
           run(quote(b3sum) + " --no-names --derive-key " + quote(context) + " " + quote(file)));
  }
  std::filesystem::remove(file);
  std::printf("%d of %d comparisons with b3sum differ\n", failures, checks);
  return failures == 0 ? 0 : 1;
}
