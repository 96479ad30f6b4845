#pragma once

namespace ferry::core {

/// Builds a visitor for std::visit out of lambdas.
template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
// Needed by clang 14, which lacks class template argument deduction for aggregates.
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace ferry::core
