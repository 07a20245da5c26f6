// netstandard2.0 predates records and init accessors; the compiler only needs this type to exist.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
