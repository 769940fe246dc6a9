using Heed.Gate.Enforcement;
using Yarp.ReverseProxy.Model;

// Beside YARP's own UseLoadBalancing and friends, so no extra using is needed.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Heed enforcement to YARP's proxy pipeline.</summary>
public static class HeedEnforcementPipelineExtensions
{
    /// <summary>Enforces each route's Heed policy before load balancing picks a destination:
    /// <c>app.MapReverseProxy(p => p.UseHeedEnforcement())</c>.</summary>
    public static IReverseProxyApplicationBuilder UseHeedEnforcement(this IReverseProxyApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseMiddleware<HeedEnforcementMiddleware>();
        return builder;
    }
}
