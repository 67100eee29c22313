#pragma once
// a cycle inside io
#include <ocds/io/reader.hpp>
