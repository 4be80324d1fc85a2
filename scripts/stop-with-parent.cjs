// Loaded into each service by start-all.mjs (node --require). When the start script is gone, killed
// or crashed, its IPC channel closes: the service then stops as it does on SIGTERM, instead of
// running on with nobody to stop it.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
