// Function signatures as the checks compare them and the reports print them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace astrid {

// The value types a host-function signature can mention. Anything a check
// never expects (packed or typed references) is `Other`: it never equals an
// expected type, which is all a check needs to know.
enum class ValType { I32, I64, F32, F64, V128, FuncRef, ExternRef, Other };

std::string_view to_string(ValType type);

struct FuncSig {
  std::vector<ValType> params;
  std::vector<ValType> results;

  bool operator==(const FuncSig&) const = default;
};

// "(i64, i64) -> ()" and "(i64) -> i64": the arrow form of the reference.
std::string format_arrow(const FuncSig& sig);

// "(param i64 i64) (result i64)": the WAT form, for notes that show the fix.
// Empty for a () -> () signature.
std::string format_wat(const FuncSig& sig);

}  // namespace astrid
