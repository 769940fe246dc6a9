namespace Heed.Core.Replicas;

/// <summary>One item of <see cref="ReplicaState.CheckMany"/>: a subject as given and a purpose name.</summary>
public readonly record struct CheckRequest(string Subject, string Purpose);
