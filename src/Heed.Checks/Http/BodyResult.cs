using Microsoft.AspNetCore.Http;

namespace Heed.Checks.Http;

/// <summary>A request body read by <see cref="JsonBody"/>: the value, or the problem to answer with.</summary>
/// <typeparam name="T">The body's type.</typeparam>
/// <param name="Value">The value; null when there is a problem, or when an optional body is absent.</param>
/// <param name="Problem">The 400 or 413 to answer with, or null.</param>
public readonly record struct BodyResult<T>(T? Value, IResult? Problem)
    where T : class;
