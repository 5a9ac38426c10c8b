// SPDX-License-Identifier: MIT
#include "snnft/apps/summary.hpp"

#include <algorithm>
#include <iomanip>
#include <ostream>

namespace snnft::apps {

void Summary::print_human(std::ostream& out) const {
  std::size_t width = 0;
  for (auto it = values_.begin(); it != values_.end(); ++it) width = std::max(width, it.key().size());
  for (auto it = values_.begin(); it != values_.end(); ++it) {
    out << "  " << std::left << std::setw(static_cast<int>(width) + 2) << it.key();
    if (it->is_string()) {
      out << it->get<std::string>();
    } else if (it->is_number_float()) {
      out << std::setprecision(6) << it->get<double>();
    } else {
      out << it->dump();
    }
    out << '\n';
  }
}

void Summary::print_json_line(std::ostream& out) const { out << values_.dump() << '\n'; }

}  // namespace snnft::apps
