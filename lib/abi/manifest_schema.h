// The Capsule.toml keys each kernel release reads (reference section 7 for
// the component era, astrid-host-abi.md section 7 for the Extism era), as
// data: the manifest checks find keys a release ignores from it, and say
// since or until when, and what replaces them.
//
// The kernel's manifest types set no deny_unknown_fields: a key a release
// does not read is silently ignored there, and so are typos. Where the
// reference is silent (v0.6.0's manifest, the Extism era's tables other
// than [capabilities] and [[component]]), the schema says nothing, and no
// key there is called unknown.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "abi/kernel_releases.h"

namespace astrid {

// A table of the manifest, as a path of keys: "" is the root,
// "capabilities", "component" (each [[component]]), "component.capabilities",
// "publish.*" (the value table of any [publish] key), "env.*", ...
struct ManifestKey {
  std::string_view table;
  std::string_view key;
  std::string_view since;        // the first release that reads it
  std::string_view until;        // the first release that no longer does; empty: still read
  std::string_view replacement;  // what to write instead, when there is something
  // A table of keys the schema does not list ([imports], [package]
  // metadata): nothing under it is judged.
  bool open = false;
};

std::span<const ManifestKey> manifest_keys();

// Whether the schema lists the keys of `table` for the era of `release`
// (a key of a listed table that the schema does not have is unknown).
bool schema_covers(std::string_view table, const KernelRelease& release);

// The schema's entry for a key, whatever the release; nullptr when the
// table lists no such key.
const ManifestKey* find_manifest_key(std::string_view table, std::string_view key);

// Whether `release` reads the key.
bool reads(const ManifestKey& key, const KernelRelease& release);

// The keys `table` may hold on some release, for "did you mean".
std::vector<std::string_view> manifest_key_names(std::string_view table);

// The key of `table` that `key` is a typo of, or nullopt: near in
// proportion to its length ("kind" is not a typo of "id"). The check's
// did-you-mean and caps --merge's rename both use it, so that the fix the
// check gives is the one the merge makes.
std::optional<std::string_view> meant_manifest_key(std::string_view table, std::string_view key);

// The table path of a key's value, for walking into it: "component" for
// [[component]], "publish.*" for any key of [publish], "" when the key
// holds no table the schema describes.
std::string_view value_table(std::string_view table, std::string_view key);

}  // namespace astrid
