#pragma once

// The one header that includes RapidJSON (and valijson's adapter for it). RapidJSON aborts on a
// failed RAPIDJSON_ASSERT unless the macro is defined before its first inclusion, so it is
// defined here to throw: misuse becomes an error message instead of a crash.
//
// valijson's adapter would define it too, but as a call taking __FILE__ as a std::string: every
// assertion RapidJSON checks (several per token, in the parser's stack) then built and freed a
// string, a fifth of the parsing thread's time. Its definition is skipped by including the
// adapter with VALIJSON_USE_EXCEPTIONS unset (the only other header of the adapter that reads
// that macro, exceptions.hpp, is included before, with it).

#include <stdexcept>

#define RAPIDJSON_ASSERT(condition)                                                                                    \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            throw std::logic_error("RapidJSON assertion failed: " #condition);                                         \
        }                                                                                                              \
    } while (false)

#include <valijson/exceptions.hpp>

#pragma push_macro("VALIJSON_USE_EXCEPTIONS")
#undef VALIJSON_USE_EXCEPTIONS
#include <valijson/adapters/rapidjson_adapter.hpp>
#pragma pop_macro("VALIJSON_USE_EXCEPTIONS")

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
