namespace Heed.Client.Http;

/// <summary>What <see cref="HeedEnforcementHandler"/> does with a call it blocks. Either way the call is not sent.</summary>
public enum HeedDenialMode
{
    /// <summary>Return a synthetic problem+json response: 451 for an opt-out, 403 for every other denial.</summary>
    Respond = 0,

    /// <summary>Throw <see cref="HeedDeniedException"/>.</summary>
    Throw = 1,
}
