// WIT text to a syntax tree (internal to the reader). Names are checked
// here (kebab-case, keywords only with `%`), references are not: that is
// the resolver's work, once every file of a package is parsed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "abi/wit_ast.h"

namespace astrid::wit {

struct ParseError {
  uint32_t offset = 0;
  std::string message;
};

// Nested `package … { }` blocks deeper than this are refused.
inline constexpr uint32_t kMaxPackageNesting = 16;

std::optional<ParseError> parse_file(std::string_view source, AstFile& out);

// wit-parser's rule for names: words joined by `-`, each all lower case or
// all upper case, the first word beginning with a letter. An empty string
// when valid, else why not.
std::string check_name(std::string_view name);

// A semantic version "1.2.3", "1.0.0-rc.1", "1.0.0+build": an empty string
// when valid, else why not.
std::string check_version(std::string_view version);

}  // namespace astrid::wit
