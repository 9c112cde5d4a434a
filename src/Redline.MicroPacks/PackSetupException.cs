namespace Redline.MicroPacks;

/// <summary>A pack cannot run as asked (too few connections, ...); the message says why and which option to change.</summary>
public sealed class PackSetupException(string message) : Exception(message);
