namespace Redline.ReferenceTarget;

/// <summary>The body of every error answer: {"error": "..."}.</summary>
internal sealed record ErrorBody(string Error);
