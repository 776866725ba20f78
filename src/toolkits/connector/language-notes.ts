/**
 * What is specific to a language when reviewing its code or reading its failures. Only the
 * pitfalls a reviewer most often misses are listed; a language without notes gets the general
 * guidance alone, which is still complete.
 */

/** Pitfalls to look for in a review, by canonical language id (see languages.ts). */
export const REVIEW_NOTES: Readonly<Record<string, string>> = {
  typescript:
    "`any`, non-null assertions (`!`) and `as` casts that hide real type errors; unhandled promise rejections and missing `await`; " +
    "`==` comparisons; prototype pollution when merging untrusted objects; `innerHTML` or template strings that build HTML or SQL.",
  javascript:
    "missing `await` and unhandled rejections; `==` coercion; prototype pollution when merging untrusted objects; `eval`, " +
    "`new Function` and `innerHTML` with untrusted data; `var` hoisting and accidental globals.",
  python:
    "mutable default arguments; bare `except:` that swallows errors; `subprocess` with `shell=True`, `pickle`/`yaml.load` on " +
    "untrusted data, f-strings in SQL; quadratic string building and list membership tests inside loops.",
  go:
    "ignored `err` values; goroutines that never exit and unbounded channels; loop variables captured by closures (before Go 1.22); " +
    "`defer` inside loops; data races on maps shared between goroutines; missing `context` cancellation.",
  rust:
    "`unwrap()`/`expect()` on input that can fail; `unsafe` blocks and the invariants they rely on; needless `clone()` and " +
    "allocations in hot paths; blocking calls inside async code; integer overflow that only panics in debug builds.",
  java:
    "resources not closed (use try-with-resources); swallowed exceptions; string concatenation in SQL or in loops; " +
    "`equals`/`hashCode` that disagree; unsynchronized shared state; deserialization of untrusted data.",
  kotlin:
    "`!!` on values that can be null; `runBlocking` on request threads; coroutine scopes that leak; platform types from Java " +
    "treated as non-null.",
  csharp:
    "`async void`, `.Result`/`.Wait()` deadlocks; `IDisposable` not disposed; string-built SQL; swallowed exceptions; " +
    "LINQ queries enumerated several times.",
  c:
    "buffer overflows and off-by-one sizes; unchecked return values of `malloc`, `read` and friends; use after free and double " +
    "free; format strings built from input; integer overflow in size calculations; undefined behaviour.",
  "c++":
    "raw `new`/`delete` instead of RAII and smart pointers; dangling references and iterators invalidated by container changes; " +
    "undefined behaviour; exception safety; needless copies where a move or a reference would do.",
  ruby: "`send`/`eval` with user input; mass assignment; N+1 queries in ActiveRecord; string-built SQL; monkey patches with wide reach.",
  php:
    "string-built SQL (use prepared statements); `include` of user-controlled paths; loose `==` comparisons; output not escaped " +
    "with `htmlspecialchars`; `unserialize` on untrusted data.",
  shell:
    "unquoted variables (word splitting, globbing); missing `set -euo pipefail`; `eval` and unvalidated input in commands; " +
    "parsing `ls` output; temporary files created predictably.",
  sql:
    "queries built by string concatenation; missing indexes behind WHERE and JOIN columns; `SELECT *`; unbounded result sets; " +
    "transactions that hold locks across slow work.",
};

/** How to read this language's errors and stack traces, by canonical language id. */
export const TRACE_NOTES: Readonly<Record<string, string>> = {
  python:
    'Tracebacks print the most recent call last: the line that raised is at the bottom. With chained exceptions ("During handling ' +
    'of the above exception…", "The above exception was the direct cause…") the first traceback is usually the root cause.',
  javascript:
    "The top frame is where the error was thrown. Frames in `node_modules` or `node:internal` are rarely the cause; look for the " +
    "first frame in the project's own files. Async stacks may stop at an `await`; the `cause` property can hold the original error.",
  typescript:
    "Stack frames point at compiled JavaScript unless source maps are enabled; map line numbers back before blaming a line. The top " +
    "frame is where the error was thrown; skip `node_modules` frames to find the project's code.",
  java:
    'Read the last "Caused by:" section first: it is the root cause. "... N more" means the remaining frames repeat the ' +
    "enclosing trace. The first frame in the project's own packages is usually where to look.",
  kotlin:
    'Same layout as Java: the last "Caused by:" is the root cause. Coroutine traces may add recovered frames marked ' +
    '"Coroutine boundary".',
  csharp:
    'The innermost exception (`---> InnerException`) is usually the cause; "--- End of stack trace from previous location ---" ' +
    "marks async boundaries.",
  go:
    "A panic prints the goroutine that panicked first; its top frames below `panic(...)` show where. `goroutine N [running]` " +
    'identifies it; other goroutines listed after it help with deadlocks ("all goroutines are asleep").',
  rust:
    "A panic names the file and line that panicked; set `RUST_BACKTRACE=1` for the frames. Frames in `core::` and `std::` are " +
    "the panic machinery; the first frame in the crate's own code is where to look.",
  ruby:
    "The first line is where the error was raised; frames from gems (paths with `/gems/`) are rarely the cause. `Caused by:` shows " +
    "a wrapped error.",
  php: '"Stack trace:" lists frames from the most recent (#0) outwards; "Next" sections chain exceptions, with the original first.',
  "c++":
    "Crashes without an exception (segfaults, aborts) need a core dump or a debugger backtrace; AddressSanitizer output names the " +
    "faulty access and where the memory was allocated and freed.",
  c:
    "Segmentation faults rarely fail where the bug is: look for the earlier write that corrupted memory. AddressSanitizer or " +
    "Valgrind output names the access, the allocation and the free.",
};
