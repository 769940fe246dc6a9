using System.Runtime.CompilerServices;
using Heed.Gate.Configuration;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Heed.Gate.Policies;

/// <summary>
/// The parsed policy of each route config. Configs are validated all at once at start; a config loaded
/// later (file reload) is parsed on first use, and an invalid one is remembered as such so its requests
/// fail closed. Keyed by the config object, so a reload never sees a stale policy.
/// </summary>
public sealed class RoutePolicies
{
    private readonly ConditionalWeakTable<RouteConfig, Entry> _entries = [];
    private readonly ConditionalWeakTable<RouteConfig, Entry>.CreateValueCallback _create;
    private readonly bool _jwtConfigured;

    public RoutePolicies(IOptions<GateOptions> options)
    {
        _jwtConfigured = options.Value.Jwt.IsConfigured;
        _create = Create;
    }

    /// <summary>The policy of <paramref name="route"/>, or null (with the errors) when it is invalid.</summary>
    public RoutePolicy? Get(RouteConfig route, out IReadOnlyList<string> errors)
    {
        Entry entry = _entries.GetValue(route, _create);
        errors = entry.Errors;
        return entry.Policy;
    }

    /// <summary>Every error of every route, for validation at start.</summary>
    public List<string> Validate(IEnumerable<RouteConfig> routes)
    {
        var errors = new List<string>();
        foreach (RouteConfig route in routes)
        {
            Get(route, out IReadOnlyList<string> routeErrors);
            errors.AddRange(routeErrors);
        }

        return errors;
    }

    private Entry Create(RouteConfig route)
    {
        var errors = new List<string>();
        RoutePolicy? policy = RoutePolicyParser.Parse(route.RouteId, route.Metadata, _jwtConfigured, errors);
        return new Entry(policy, errors);
    }

    private sealed record Entry(RoutePolicy? Policy, IReadOnlyList<string> Errors);
}
