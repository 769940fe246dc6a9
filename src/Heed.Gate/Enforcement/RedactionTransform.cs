using Yarp.ReverseProxy.Transforms;

namespace Heed.Gate.Enforcement;

/// <summary>
/// Removes the headers of an opted-out subject from the outgoing proxy request. Runs for every route and
/// does nothing unless the enforcement middleware marked the request with a <see cref="RedactionFeature"/>.
/// Body fields are redacted earlier, by the middleware: YARP has no body transforms.
/// </summary>
public sealed class RedactionTransform : RequestTransform
{
    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        if (context.HttpContext.Features.Get<RedactionFeature>() is not { } redaction)
        {
            return ValueTask.CompletedTask;
        }

        foreach (string header in redaction.Headers)
        {
            RemoveHeader(context, header);
            if (!context.HeadersCopied)
            {
                // Not copied yet: remove at the source so the later copy cannot bring it back.
                context.HttpContext.Request.Headers.Remove(header);
            }
        }

        return ValueTask.CompletedTask;
    }
}
