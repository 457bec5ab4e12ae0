// Adding lines to a Capsule.toml without breaking it: what `caps --merge`
// does with the grants `caps --emit-manifest` would print. The author's
// text, comments and layout are kept; each line goes under its table's
// header, or into a new table at the end; the result is parsed again and
// must hold every added key where it was meant to go. A key needed but
// written misspelt (fs_wirte) is renamed in place, keeping its values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "support/expected.h"

namespace astrid {

struct ManifestLine {
  std::string table;  // "capabilities", "publish", "subscribe"
  std::string key;    // the key the line sets, unquoted
  std::string line;   // `fs_read = ["<path, e.g. cwd://data>"]  # read-file`
};

struct MergedManifest {
  std::string text;
  std::vector<std::string> added, kept;  // "capabilities.fs_read": keys written, keys already there
  std::vector<std::string> renamed;      // "capabilities.fs_wirte to fs_write": typos of a needed key, renamed
};

// Why it could not be done is an InputError: invalid TOML, or a table the
// manifest defines inline or with dotted keys, where no line can go.
Expected<MergedManifest> merge_manifest_lines(std::string_view text, const std::vector<ManifestLine>& lines);

}  // namespace astrid
