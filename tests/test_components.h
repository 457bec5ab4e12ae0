// Components made in memory for the unit tests: what a reader would give
// for a component importing the named functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "wasm/component.h"

namespace astrid::test {

// A component importing, of each (instance, function), that function as
// type func(); the checks of what is imported do not read the type.
inline Component importing(const std::vector<std::pair<std::string, std::string>>& functions) {
  Component c;
  for (const auto& [instance, function] : functions) {
    ComponentImport i;
    i.name = instance;
    i.kind = Sort::Instance;
    InstanceExportDecl d;
    d.name = function;
    d.kind = Sort::Func;
    d.func = FuncType{};
    i.exports.push_back(d);
    c.imports.push_back(std::move(i));
  }
  return c;
}

}  // namespace astrid::test
