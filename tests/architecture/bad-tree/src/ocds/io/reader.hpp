#pragma once
#include <ocds/io/input.hpp>
