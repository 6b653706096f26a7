// The web-link check lives in app/ so the page uses the same one before it opens a tab (browser mode).
export { ONLY_WEB_LINKS, webUrl } from '../../app/webUrl';
