// Does a function type a capsule imports match the kernel's? The check of
// wasmtime's component linker (reference section 3.3), between two type
// graphs: the capsule's (from its binary) and the ABI's (from WIT).
//
// Structure decides, never names of types: parameter names are not
// compared, record field, variant case, enum case and flag names are, in
// order; aliases are transparent (the graphs hold none); own<R> and
// borrow<R> are alike where the host takes a handle; a resource matches
// when it is the host's resource of the same name in the instance the
// capsule's resource comes from, as resolved on the release.
//
// The walk goes down both types in step and stops at the first difference,
// so its cost is bounded by the kernel's type, which is small: no hostile
// capsule type (a DAG whose expansion is exponential) is ever expanded.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "wasm/component_types.h"

namespace astrid {

// Where two types first differ, in words: the path from the function down
// to the difference, then what differs there:
// "parameter 1 (request): record spawn-request: the kernel's has 14 fields,
// the capsule's 13 (missing file-injections)".
struct TypeDifference {
  std::string path;
};

// The registered instance name (as the host's resources' `owner`) that the
// capsule's instance import `import` resolves to on the release being
// checked, or nullopt when it resolves to nothing.
using ResolveOwner = std::function<std::optional<std::string_view>(std::string_view import)>;

struct TypeSides {
  const TypeGraph& capsule;
  const TypeGraph& host;
  ResolveOwner resolve;
};

std::optional<TypeDifference> compare_func(const TypeSides& sides, const FuncType& capsule, const FuncType& host);

}  // namespace astrid
