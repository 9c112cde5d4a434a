namespace Redline.Engine;

/// <summary>
/// One unit of work against the target. A step reports failures in its <see cref="Outcome"/>;
/// an exception it throws is caught by the engine and counted as <see cref="ErrorKind.Other"/>.
/// The token is cancelled when the graceful stop runs out; the iteration then counts as interrupted.
/// </summary>
public delegate ValueTask<Outcome> Step(StepContext context, CancellationToken cancellationToken);
