#pragma once

// The one header that includes RapidJSON (and valijson's adapter for it). RapidJSON aborts on a
// failed RAPIDJSON_ASSERT unless the macro is defined before its first inclusion. valijson's
// adapter, included first as valijson requires, defines it to throw; the definition below is the
// same idea, for builds without valijson's exceptions. Either way misuse becomes an error
// message instead of a crash.

#include <stdexcept>

#include <valijson/adapters/rapidjson_adapter.hpp>

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(condition)                                                                                    \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            throw std::logic_error("RapidJSON assertion failed: " #condition);                                         \
        }                                                                                                              \
    } while (false)
#endif

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
