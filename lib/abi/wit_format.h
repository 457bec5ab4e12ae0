// WitModel back to text: as WIT that reads again (for `astrid-abi table
// --format wit`), or as the reference's one-item-per-line listing.
#pragma once

#include <string>
#include <vector>

#include "abi/wit_model.h"

namespace astrid {

// Printing expands aliases (the model does not keep them: `type x = T` is
// T's node), so a chain of aliases each doubling the last could expand
// without end; past this many bytes the text is cut and ends in "…".
inline constexpr size_t kMaxWitText = 16 << 20;

// The interface as WIT: `use`s, types in declaration order (resources with
// their functions), then free functions; names escaped with `%` where they
// are keywords; another package's interfaces by full name, its own by
// short name.
//
//   interface host {
//     use astrid:io/poll@1.0.0.{pollable};
//
//     variant error-code {
//       closed,
//       unknown(string),
//     }
//     resource subscription {
//       recv: func(timeout-ms: u64) -> result<list<u8>, error-code>;
//     }
//     publish: func(topic: string) -> result<_, error-code>;
//   }
std::string format_interface(const TypeGraph& types, const WitInterface& iface);

// The interface as the reference lists it, one item a line, in the same
// order: `use astrid:io/poll@1.0.0.{pollable}`, `variant error-code { closed,
// unknown(string) }`, `resource subscription`, then its functions as
// `[method]subscription.recv: func(self: borrow<subscription>, …) -> …`,
// free functions last. Names without `%`; aliases as `type x = T`.
std::vector<std::string> interface_listing(const TypeGraph& types, const WitInterface& iface);

// The world as WIT; imports WIT adds by itself (WitWorldItem::implicit) are
// left out, as are included worlds' items, which print as the world's own.
std::string format_world(const TypeGraph& types, const WitWorld& world);

// A whole file for one package: `package ns:name@1.0.0;`, its interfaces,
// its worlds.
std::string format_package(const TypeGraph& types, const WitPackage& package);

// Packages as nested `package … { }` blocks, in one text: what wit-parser
// reads as one file holding several packages.
std::string format_packages(const TypeGraph& types, const std::vector<const WitPackage*>& packages);
// Every package of the model, so.
std::string format_model(const WitModel& model);

}  // namespace astrid
