#include <ocds/core/detail/binary.hpp>
