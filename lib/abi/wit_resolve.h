// Syntax trees to a WitModel (internal to the reader): names to the things
// they name, types to TypeGraph nodes, worlds to their imports and exports.
//
// Nothing here recurses over something the input can make deep without a
// bound: interfaces are put in `use` order and a scope's types in the order
// they refer to each other by Kahn's algorithm (cycles are what is left
// over), and type expressions are as deep as the parser allowed
// (kMaxTypeDepth).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "abi/wit_ast.h"
#include "abi/wit_reader.h"

namespace astrid::wit {

struct Source {
  std::string name;
  std::string_view text;
};

// One WitPackageFiles, parsed: AstFile::source indexes `sources`.
struct ParsedPackage {
  std::vector<AstFile> files;
};

std::optional<WitError> resolve(WitModel& model, const std::vector<Source>& sources,
                                std::vector<ParsedPackage>& packages, const WitReadOptions& options);

// "file:line:column" of a byte offset in a source.
WitPlace place_of(const Source& source, uint32_t offset);

}  // namespace astrid::wit
