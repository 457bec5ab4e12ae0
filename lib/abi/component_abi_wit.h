// The WIT of the component-era host ABI, written in this project from the
// reference's listings (sections 2.3 to 2.5 and 4.1): one text per
// package, each interface written once. Internal to component_abi.cc and
// its tests.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace astrid {

struct AbiWitText {
  std::string_view package;  // "astrid:process"
  // The one version this text is, or empty when what is served decides
  // (process is served as 1.0.0 and, from v0.9.1, as 1.1.0).
  std::string_view version;
  // The shapes the text holds ("p7 p8 p9"), or empty when it has one: a
  // line ending in `// shapes: p8 p9` belongs to those shapes only.
  std::string_view shapes;
  std::string_view file;  // a name for messages
  // The package's items, without the `package` line, which the reader of
  // the text prepends with the version served.
  std::string_view text;
};

std::span<const AbiWitText> abi_wit_texts();

// `text` as one shape: the lines marked for other shapes are emptied (not
// removed, so that line numbers stay those of the source). An empty
// `shape` keeps every line. Throws std::logic_error on a marker naming a
// shape the text does not declare.
std::string select_shape(const AbiWitText& text, std::string_view shape);

}  // namespace astrid
