export async function prepare() { return {}; } export async function run() { return ''; }
