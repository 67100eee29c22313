#pragma once
// core must not use io
#include <ocds/io/reader.hpp>
