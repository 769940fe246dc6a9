using Microsoft.AspNetCore.Http;

namespace Heed.Registry.Api;

/// <summary>Either a parsed body or the problem to answer with.</summary>
public readonly record struct BodyResult<T>(T? Value, IResult? Problem)
    where T : class;
